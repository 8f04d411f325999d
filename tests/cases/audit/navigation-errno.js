// SPEC §1: "wx results carry errMsg ... and failures carry a numeric errno":
// the wx navigation APIs' failures too. A missing url is a parameter error
// like everywhere else (600005, "parameter.url should be String instead of
// Undefined;").
Page({
  onLoad: function () {
    function f(name, api, o, check) {
      var t = track(name).expect('fail', function (r) {
        assertEq(typeof r.errno, 'number', name + ': ' + JSON.stringify(r));
        if (check) check(r);
      });
      wx[api](t.opts(o));
    }
    f('navigateTo missing page', 'navigateTo', { url: '/pages/none/none' });
    f('navigateBack first page', 'navigateBack', {});
    f('switchTab missing page', 'switchTab', { url: '/x' });
    f('redirectTo no url', 'redirectTo', {}, function (r) {
      assertEq(r, { errMsg: 'redirectTo:fail parameter error: parameter.url should be String instead of Undefined;', errno: 600005 });
    });
  },
});
