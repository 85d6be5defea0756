import { swrErrorBody } from './swrErrors';
import type { SharedRepositoryElement } from './wire';

/** The documented example element: what a broken-but-plausible body is made of. */
export const SAMPLE_ELEMENT: SharedRepositoryElement = {
  name: 'busybox',
  category: 'other',
  description: '',
  size: 115645792,
  is_public: false,
  num_images: 1,
  num_download: 0,
  created_at: '2021-06-02T09:23:01.751202Z',
  updated_at: '2021-06-10T07:24:35.204517Z',
  logo: '',
  url: '',
  path: 'swr.cn-north-4.myhuaweicloud.com/group/busybox',
  internal_path: '100.125.0.198:20202/group/busybox',
  domain_name: 'domain',
  namespace: 'group',
  tags: ['v1', 'v2'],
  status: true,
  total_range: 1,
};

/** A body cut off mid-element, as a dropped upstream connection behind a proxy leaves it. */
export const TRUNCATED_JSON = JSON.stringify([SAMPLE_ELEMENT, SAMPLE_ELEMENT]).slice(0, 420);

export const HTML_ERROR_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>' +
  '<body><h1>502 Bad Gateway</h1><p>The proxy server received an invalid response.</p></body></html>';

export type WrongShapeVariant = 'wrapped' | 'missingFields' | 'wrongTypes';

/** JSON that parses but is not the documented bare array of complete, well-typed elements. */
export function wrongShapeBody(variant: WrongShapeVariant): unknown {
  switch (variant) {
    case 'wrapped':
      return { items: [SAMPLE_ELEMENT], total: 1 };
    case 'missingFields': {
      const { name: _name, tags: _tags, size: _size, ...rest } = SAMPLE_ELEMENT;
      return [rest];
    }
    case 'wrongTypes':
      return [{ ...SAMPLE_ELEMENT, size: '110 MB', tags: 'v1,v2', is_public: 'no', num_images: null }];
  }
}

/** What an unhandled upstream exception looks like: an internal address and a stack in `detail`. */
export function serverErrorBody(): unknown {
  return swrErrorBody({
    kind: 'listFailed',
    detail:
      'pq: dial tcp 10.23.4.5:5432: connect: connection refused\n' +
      'goroutine 1 [running]:\nswr/manage.(*SharedRepoService).List(0xc000123456)\n' +
      '\t/opt/swr/manage/shared.go:214 +0x1f4',
  });
}

/**
 * A valid JSON array of exactly `bytes` bytes (at least 2), in blocks of about `blockBytes`, so the
 * server can stream gigabytes without holding them. Spaces before `]` make the size exact.
 */
export function* hugeArrayChunks(bytes: number, blockBytes = 64 * 1024): Generator<string> {
  const element = JSON.stringify(SAMPLE_ELEMENT);
  const item = `,${element}`;
  let remaining = Math.max(2, Math.floor(bytes)) - 2;
  yield '[';
  if (remaining >= element.length) {
    yield element;
    remaining -= element.length;
    const block = item.repeat(Math.max(1, Math.floor(blockBytes / item.length)));
    for (; remaining >= block.length; remaining -= block.length) yield block;
    const tail = Math.floor(remaining / item.length);
    if (tail > 0) yield item.repeat(tail);
    remaining -= tail * item.length;
  }
  if (remaining > 0) yield ' '.repeat(remaining);
  yield ']';
}
