// Callbacks get the result object; complete gets the very same object, and
// callbacks may start new requests.
var chain = [];
wx.request({
  url: SERVER + '/json',
  success: function (res) {
    chain.push('first');
    var first = res;
    wx.request({
      url: SERVER + '/echo',
      complete: function (res2) {
        chain.push('second');
        assert(res2 !== first, 'distinct objects');
        assertEq(chain, ['first', 'second']);
        pass();
      },
    });
  },
});
