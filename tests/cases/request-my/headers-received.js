// my onHeadersReceived: {headers, status}.
var t = track('h');
var task = my.request(t.opts({ url: SERVER + '/json' }));
var seen = [];
task.onHeadersReceived(function (r) {
  seen.push(r);
});
t.expect('success', function () {
  assertEq(seen.length, 1);
  assertEq(Object.keys(seen[0]).sort(), ['headers', 'status']);
  assertEq(seen[0].status, 200);
});
