// wx: header values are String()-converted; names and values reach the server.
var t = track('h');
wx.request(t.opts({
  url: SERVER + '/echo',
  header: { 'X-Num': 5, 'X-Bool': true, 'X-Null': null, 'X-Str': 'plain', 'X-Obj': { a: 1 } },
}));
t.expect('success', function (res) {
  var h = res.data.headers;
  assertEq(h['x-num'], '5');
  assertEq(h['x-bool'], 'true');
  assertEq(h['x-null'], 'null');
  assertEq(h['x-str'], 'plain');
  assertEq(h['x-obj'], '[object Object]');
});
