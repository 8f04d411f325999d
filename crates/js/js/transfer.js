// transfer.js: PLACEHOLDER for the transfer API family (another helper writes it).
(function (mh, core, wx, my) {
  'use strict';
});
