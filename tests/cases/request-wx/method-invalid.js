// wx: a method outside the eight, or not a string, is a parameter error (600005).
var a = track('patch');
wx.request(a.opts({ url: SERVER + '/echo', method: 'PATCH' }));
a.expect('fail', function (res) {
  assertEq(res, {
    errMsg: 'request:fail parameter error: parameter.method should be one of OPTIONS/GET/HEAD/POST/PUT/DELETE/TRACE/CONNECT instead of PATCH;',
    errno: 600005,
  });
});
var b = track('number');
wx.request(b.opts({ url: SERVER + '/echo', method: 5 }));
b.expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail parameter error: parameter.method should be String instead of Number;', errno: 600005 });
});
