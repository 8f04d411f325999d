// socket.js: PLACEHOLDER for the socket API family (another helper writes it).
(function (mh, core, wx, my) {
  'use strict';
});
