// The no-op options of SPEC §2 are accepted.
var t = track('noop');
wx.request(t.opts({
  url: SERVER + '/json',
  enableHttp2: true, enableQuic: true, enableCache: true, enableHttpDNS: true, httpDNSServiceId: 'x',
  forceCellularNetwork: true, useHighPerformanceMode: true, enableProfile: true,
}));
t.expect('success', function (res) {
  assertEq(res.statusCode, 200);
});
