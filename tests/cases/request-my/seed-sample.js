// The seed's my.request sample, verbatim but for the URL: alerts success
// then complete; the second task is aborted at once and calls nothing.
var alerts = [];
var realAlert = my.alert;
my.alert = function (o) {
  alerts.push(o.content);
  realAlert(o);
};
var hidden = 0;
var realHide = my.hideLoading;
my.hideLoading = function (o) {
  hidden++;
  realHide(o);
};
my.request({
  url: SERVER + '/echo/post',
  method: 'POST',
  data: {
    from: 'Alipay',
    production: 'AlipayJSAPI',
  },
  dataType: 'json',
  success: function(res) {
    my.alert({content: 'success'});
  },
  fail: function(res) {
    my.alert({content: 'fail'});
  },
  complete: function(res) {
    my.hideLoading();
    my.alert({content: 'complete'});
    setTimeout(function () {
      assertEq(alerts, ['success', 'complete']);
      assertEq(hidden, 1);
      pass();
    }, 50);
  }
});
// Return RequestTask, you can call abort method to cancel the request
const task = my.request({url: SERVER + '/echo/post'})
task.abort()
