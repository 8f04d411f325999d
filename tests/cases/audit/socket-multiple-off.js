// SPEC §1/§5: a my multiple SocketTask's off*() with no argument removes all
// listeners of that event; off*(f) removes only f.
var done = track('done');
var log = [];
var task = my.connectSocket({ url: WSS + '/ws/echo', multiple: true });
function never(name) {
  return function () {
    log.push('removed ' + name + ' called');
  };
}
task.onOpen(never('open1'));
task.onOpen(never('open2'));
task.offOpen();
task.onOpen(function () {
  log.push('open');
  task.send({ data: 'one' });
});
task.onMessage(never('msg1'));
task.onMessage(never('msg2'));
task.offMessage();
var keep = function (res) {
  log.push('msg ' + res.data);
  task.close({ code: 3001 });
};
var drop = never('msg3');
task.onMessage(drop);
task.onMessage(keep);
task.offMessage(drop);
task.onError(never('err'));
task.offError();
task.onClose(never('close1'));
task.onClose(never('close2'));
task.offClose();
task.onClose(function (res) {
  log.push('close ' + res.code);
  done.success(res);
  done.complete(res);
});
done.expect('success', function () {
  assertEq(log, ['open', 'msg one', 'close 3001']);
});
