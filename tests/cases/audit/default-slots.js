// SPEC §9: by default request + uploadFile + downloadFile share 10
// concurrent slots: with 10 long responses in flight (all of them have sent
// their headers, none has finished), an 11th task has not started; it runs
// once a slot frees, and nothing fails.
wx.getFileSystemManager().writeFileSync('wxfile://usr/u.txt', 'u');
var heads = 0;
var eleventh = track('11th');
var eleventhStarted = false;
var checked = false;
function onHead() {
  heads++;
  if (heads === 10) {
    checked = true;
    assert(!eleventhStarted && eleventh.calls.length === 0, 'the 11th waited for a slot');
  }
}
for (var i = 0; i < 10; i++) {
  var t = track('long ' + i).expect('success');
  var url = SERVER + '/stream?chunks=2&interval=1500&size=1';
  var task;
  if (i % 3 === 0) task = wx.request(t.opts({ url: url }));
  else if (i % 3 === 1) task = my.request(t.opts({ url: url, dataType: 'text' }));
  else task = wx.downloadFile(t.opts({ url: url.replace(SERVER, CDN) }));
  task.onHeadersReceived(onHead);
}
var et = wx.uploadFile(eleventh.opts({ url: CDN + '/upload', filePath: 'wxfile://usr/u.txt', name: 'f' }));
et.onProgressUpdate(function () {
  eleventhStarted = true;
});
et.onHeadersReceived(function () {
  eleventhStarted = true;
});
eleventh.expect('success', function () {
  assert(checked, 'ten heads seen first');
});
