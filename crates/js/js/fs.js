// fs.js: PLACEHOLDER for the fs API family (another helper writes it).
(function (mh, core, wx, my) {
  'use strict';
});
