/**
 * The page's only script of our own, served as a file so the CSP needs no 'unsafe-inline' for scripts.
 * It runs before the GraphiQL bundle: Monaco reads `MonacoEnvironment` when it loads. Yoga's stock page fetches
 * the editor workers and starts them from blob: URLs (a CSP would need `worker-src blob:`); here the workers
 * load from the gateway's own URLs beside this script. The options come from a JSON block in the page, which
 * is data, not script.
 */
export const BOOT_SCRIPT = `(function () {
  'use strict';
  var base = new URL('monacoeditorwork/', document.currentScript.src);
  var workers = { json: 'json.worker.bundle.js', graphql: 'graphql.worker..bundle.js' };
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return new URL(workers[label] || 'editor.worker.bundle.js', base).href;
    },
  };
  document.addEventListener('DOMContentLoaded', function () {
    var options = JSON.parse(document.getElementById('graphiql-options').textContent);
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
  });
})();
`;
