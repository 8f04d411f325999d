// GET without data sends no query; empty object adds nothing; data null is ignored.
function q(name, data, want) {
  var t = track(name);
  var o = { url: SERVER + '/echo?x=1' };
  if (data !== 'absent') o.data = data;
  wx.request(t.opts(o));
  t.expect('success', function (res) {
    assertEq(res.data.query, want, name);
  });
}
q('absent', 'absent', 'x=1');
q('empty object', {}, 'x=1');
q('null', null, 'x=1');
