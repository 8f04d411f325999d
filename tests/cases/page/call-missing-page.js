// exit: 2
// args: --call pages/none/none:tap
// A --call for a page that does not exist is bad input (exit 2).
Page({
  onUnload: function () {
    pass();
  },
});
