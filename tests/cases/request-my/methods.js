// my methods: GET POST PUT DELETE (case-insensitive); others fail with error 2.
['get', 'POST', 'Put', 'DELETE'].forEach(function (m) {
  var t = track(m);
  my.request(t.opts({ url: SERVER + '/echo', method: m }));
  t.expect('success', function (res) {
    assertEq(res.data.method, m.toUpperCase());
  });
});
['HEAD', 'OPTIONS', 'PATCH', 'TRACE'].forEach(function (m) {
  var t = track(m);
  my.request(t.opts({ url: SERVER + '/echo', method: m }));
  t.expect('fail', function (res) {
    assertEq(res, {
      error: 2,
      errorMessage: 'parameter error: parameter.method should be one of GET/POST/PUT/DELETE instead of ' + m + ';',
    });
  });
});
