/**
 * Which upstream pages cover a requested window. SWR (in the strict reading of its older docs) accepts only
 * offsets that are multiples of the limit, so a window starting off the grid is served from the aligned pages
 * around it and sliced.
 */
export interface UpstreamPage {
  offset: number;
  limit: number;
}

export interface WindowPlan {
  pages: UpstreamPage[];
  /** Index, within the concatenated pages, of the window's first item. */
  skip: number;
}

export function planWindow(start: number, size: number): WindowPlan {
  const first = Math.floor(start / size) * size;
  const skip = start - first;
  const pages: UpstreamPage[] = [{ offset: first, limit: size }];
  if (skip > 0) pages.push({ offset: first + size, limit: size });
  return { pages, skip };
}
