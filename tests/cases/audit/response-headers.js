// SPEC §2: repeated response fields are joined with ", " in both dialects,
// in onHeadersReceived and in downloadFile's header; cookies lists each
// Set-Cookie value. A field named __proto__ stays a plain own field.
var a = track('wx');
var wxHead = null;
var ta = wx.request(a.opts({ url: SERVER + '/headers/repeat' }));
ta.onHeadersReceived(function (r) {
  wxHead = r.header;
});
a.expect('success', function (res) {
  assertEq(hdr(res.header, 'x-multi'), 'a, b');
  assertEq(hdr(res.header, 'X-Case-Test'), 'MixedCase');
  assertEq(hdr(wxHead, 'x-multi'), 'a, b');
  assert(Object.prototype.hasOwnProperty.call(res.header, '__proto__'), 'own __proto__ field');
  assertEq(Object.getOwnPropertyDescriptor(res.header, '__proto__').value, 'p');
  assert(Object.getPrototypeOf(res.header) === Object.prototype, 'prototype untouched');
});
var b = track('my');
var myHead = null;
var tb = my.request(b.opts({ url: SERVER + '/headers/repeat' }));
tb.onHeadersReceived(function (r) {
  myHead = r.headers;
});
b.expect('success', function (res) {
  assertEq(hdr(res.headers, 'x-multi'), 'a, b');
  assertEq(hdr(res.headers, 'X-Case-Test'), 'MixedCase');
  assertEq(hdr(myHead, 'x-multi'), 'a, b');
});
var c = track('wx cookies with three values');
wx.request(c.opts({ url: SERVER + '/set-cookie?a=1&b=2&c=3' }));
c.expect('success', function (res) {
  assertEq(res.cookies, ['a=1; Path=/', 'b=2; Path=/', 'c=3; Path=/']);
});
var d = track('download header joined');
wx.downloadFile(d.opts({ url: CDN + '/headers/repeat' }));
d.expect('success', function (res) {
  assertEq(hdr(res.header, 'x-multi'), 'a, b');
});
