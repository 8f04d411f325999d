// A task without callbacks can be aborted; nothing is reported, exit 0.
var task = wx.request({ url: SERVER + '/delay/1000' });
task.abort();
var task2 = my.request({ url: SERVER + '/delay/1000' });
setTimeout(function () { task2.abort(); }, 20);
setTimeout(pass, 100);
