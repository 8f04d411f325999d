// 30 requests at once (over the 10 slots: queued, not failed), each settles once.
for (var i = 0; i < 30; i++) {
  (function (i) {
    var t = track('r' + i);
    var api = i % 2 ? my : wx;
    api.request(t.opts({ url: SERVER + '/echo/' + i, data: { i: i } }));
    t.expect('success', function (res) {
      assertEq(res.data.path, '/echo/' + i);
      assertEq(res.data.query, 'i=' + i);
    });
  })(i);
}
