// Malformed URLs: 600009 with the URL quoted.
[['not a url', 'not a url'], ['empty', ''], ['relative', '/json']].forEach(function (c) {
  var t = track(c[0]);
  wx.request(t.opts({ url: c[1] }));
  t.expect('fail', function (res) {
    assertEq(res, { errMsg: 'request:fail invalid url "' + c[1] + '"', errno: 600009 }, c[0]);
  });
});
