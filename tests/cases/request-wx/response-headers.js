// Response header: repeated fields joined with ", "; server's own headers kept.
var t = track('repeat');
wx.request(t.opts({ url: SERVER + '/headers/repeat' }));
t.expect('success', function (res) {
  assertEq(hdr(res.header, 'X-Multi'), 'a, b');
  assert(hdr(res.header, 'X-Case-Test') !== undefined, 'X-Case-Test present: ' + JSON.stringify(res.header));
});
