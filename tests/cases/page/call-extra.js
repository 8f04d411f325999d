// args: --call :onItem:{"dataset":{"id":7},"detail":{"value":"x"}}
// The JSON after ROUTE:METHOD fills the event's dataset and detail.
var got = null;
Page({
  onItem: function (e) {
    got = e;
  },
  onUnload: function () {
    assert(got !== null, 'called');
    assertEq(got.type, 'tap');
    assertEq(got.currentTarget.dataset, { id: 7 });
    assertEq(got.target.dataset, { id: 7 });
    assertEq(got.detail, { value: 'x' });
    pass();
  },
});
