// exit: 2
// args: --call :ok --call :nope --call :never
// A --call naming no method of the page is bad input (exit 2); the calls
// before it ran, the ones after it do not, the page still unloads.
var calls = [];
Page({
  ok: function () {
    calls.push('ok');
  },
  never: function () {
    calls.push('never');
  },
  onUnload: function () {
    assertEq(calls, ['ok']);
    pass();
  },
});
