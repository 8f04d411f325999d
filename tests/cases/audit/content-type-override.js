// SPEC §2: the default content-type is application/json; a script's own
// content-type (any spelling of the name) replaces it — exactly one value
// reaches the server — in both dialects and for GET too.
function ct(name, api, o, want) {
  var t = track(name);
  o.url = SERVER + '/echo';
  api.request(t.opts(o));
  t.expect('success', function (res) {
    assertEq(res.data.headers['content-type'], want, name);
  });
}
ct('wx upper', wx, { method: 'POST', data: 'x', header: { 'CONTENT-TYPE': 'text/plain' } }, 'text/plain');
ct('wx mixed', wx, { method: 'PUT', data: 'x', header: { 'Content-type': 'text/csv' } }, 'text/csv');
ct('my upper', my, { method: 'POST', data: 'x', headers: { 'Content-Type': 'text/plain' } }, 'text/plain');
ct('my alias', my, { method: 'POST', data: 'x', header: { 'CONTENT-TYPE': 'text/xml' } }, 'text/xml');
ct('wx GET default', wx, {}, 'application/json');
ct('my GET default', my, {}, 'application/json');
ct('wx GET own', wx, { header: { 'Content-Type': 'text/plain' } }, 'text/plain');
