// wx: parameter.url type errors, with the platform's type names (SPEC §6).
var cases = [
  [undefined, 'Undefined'], [null, 'Null'], [123, 'Number'], [true, 'Boolean'], [{}, 'Object'],
  [[], 'Array'], [new ArrayBuffer(2), 'ArrayBuffer'], [function () {}, 'Function'],
];
cases.forEach(function (c) {
  var t = track(c[1]);
  var o = {};
  if (c[0] !== undefined) o.url = c[0];
  var task = sync(function () {
    return wx.request(t.opts(o));
  });
  ['abort', 'onHeadersReceived', 'offHeadersReceived', 'onChunkReceived', 'offChunkReceived'].forEach(function (m) {
    assert(typeof task[m] === 'function', m + ' present on a failed task');
  });
  t.expect('fail', function (res) {
    assertEq(res, {
      errMsg: 'request:fail parameter error: parameter.url should be String instead of ' + c[1] + ';',
      errno: 600005,
    });
  });
});
