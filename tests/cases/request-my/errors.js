// my error codes producible on loopback: 2, 11, 12, 13, 15.
function expectCode(name, o, code, extra) {
  var t = track(name);
  my.request(t.opts(o));
  t.expect('fail', function (res) {
    assertEq(Object.keys(res).sort(), ['error', 'errorMessage'], name);
    assertEq(res.error, code, name + ': ' + JSON.stringify(res));
    assertEq(typeof res.errorMessage, 'string');
    if (extra) extra(res);
  });
}
expectCode('no url', {}, 2, function (res) {
  assertEq(res.errorMessage, 'parameter error: parameter.url should be String instead of Undefined;');
});
expectCode('unlisted domain', { url: OTHER + '/json' }, 11);
expectCode('http', { url: HTTP + '/json' }, 11);
expectCode('connection refused', { url: DEAD + '/json' }, 12);
expectCode('timeout', { url: SERVER + '/delay/5000', timeout: 200 }, 13);
expectCode('url encoding', { url: SERVER + '/echo', data: { a: '\ud800' } }, 15);
expectCode('url lone surrogate', { url: SERVER + '/echo?\udc00' }, 15);
