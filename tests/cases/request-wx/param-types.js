// wx: header, timeout, dataType, responseType type errors.
function check(name, o, msg) {
  var t = track(name);
  o.url = SERVER + '/json';
  wx.request(t.opts(o));
  t.expect('fail', function (res) {
    assertEq(res, { errMsg: 'request:fail parameter error: ' + msg, errno: 600005 });
  });
}
check('header string', { header: 'x' }, 'parameter.header should be Object instead of String;');
check('header array', { header: [] }, 'parameter.header should be Object instead of Array;');
check('timeout', { timeout: '100' }, 'parameter.timeout should be Number instead of String;');
check('dataType', { dataType: 1 }, 'parameter.dataType should be String instead of Number;');
check('responseType', { responseType: {} }, 'parameter.responseType should be String instead of Object;');
check('crlf value', { header: { 'X-Bad': 'a\r\nb' } }, 'parameter.header.X-Bad should not contain CR, LF or NUL;');
check('nul name', { header: { 'X\u0000Y': 'a' } }, 'parameter.header.X\u0000Y should not contain CR, LF or NUL;');
