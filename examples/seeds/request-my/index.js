// The my.request code sample of the mPaaS "Network" page (seeds/mpaas-my-network.txt),
// verbatim. `minihost demo` points the URL at the bundled test server.
my.request({
  url: 'https://httpbin.org/post',
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
  }
});
// Return RequestTask, you can call abort method to cancel the request
const task = my.request({url: 'https://httpbin.org/post'})
task.abort()
