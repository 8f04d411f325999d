// Cold start: one wx.request on a new connection, then the host exits (nothing pending).
wx.request({
  url: PARAMS.url,
  success: function (res) {
    benchFinish({ status: res.statusCode });
  },
  fail: function (e) {
    benchFail(benchErr(e));
  },
});
