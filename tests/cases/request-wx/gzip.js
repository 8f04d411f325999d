// Bodies are decoded transparently (the host sends Accept-Encoding).
var t = track('gzip');
wx.request(t.opts({ url: SERVER + '/gzip' }));
t.expect('success', function (res) {
  assertEq(res.data, { gzip: true });
});
