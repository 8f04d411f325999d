// SPEC §2/§6: the timeout covers the whole request, not only the wait for
// headers: a body that streams past the deadline fails with timeout exactly
// once (wx errno 5, my 13), after the headers and chunks that arrived in
// time; enableChunked streams are no exception.
function slow(name, api, o, check) {
  var t = track(name);
  var heads = 0;
  var chunks = 0;
  o.url = SERVER + '/stream?chunks=20&interval=100&size=5';
  o.timeout = 400;
  var task = api.request(t.opts(o));
  task.onHeadersReceived(function () {
    heads++;
  });
  task.onChunkReceived(function () {
    chunks++;
  });
  t.expect('fail', function (res) {
    check(res);
    assertEq(heads, 1, name + ' headers arrived');
    assert(chunks >= 1 && chunks < 20, name + ' some chunks: ' + chunks);
  });
}
slow('wx', wx, {}, function (res) {
  assertEq(res, { errMsg: 'request:fail timeout', errno: 5 });
});
slow('wx enableChunked', wx, { enableChunked: true }, function (res) {
  assertEq(res, { errMsg: 'request:fail timeout', errno: 5 });
});
slow('my', my, { dataType: 'text' }, function (res) {
  assertEq(res.error, 13);
});
// A redirect chain counts against the same deadline.
var r = track('redirect then delay').expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail timeout', errno: 5 });
});
wx.request(r.opts({ url: SERVER + '/redirect-to?url=' + encodeURIComponent(SERVER + '/delay/3000'), timeout: 300 }));
