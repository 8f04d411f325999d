// SPEC §1/§3/§4: UploadTask and DownloadTask off*(f) removes f, off*() with
// no argument removes every listener of that event; listeners attached right
// after the call see every event; my's tasks too.
var fs = wx.getFileSystemManager();
fs.writeFileSync('wxfile://usr/big.bin', new ArrayBuffer(600000));
var log = [];
function never(name) {
  return function () {
    log.push(name);
  };
}
var u = track('upload');
var ut = wx.uploadFile(u.opts({ url: CDN + '/upload', filePath: 'wxfile://usr/big.bin', name: 'f' }));
ut.onProgressUpdate(never('upload progress 1'));
ut.onProgressUpdate(never('upload progress 2'));
ut.offProgressUpdate();
var upHeads = 0;
var dropHead = never('upload head dropped');
ut.onHeadersReceived(dropHead);
ut.onHeadersReceived(function (h) {
  upHeads++;
  assertEq(h.statusCode, 200);
});
ut.offHeadersReceived(dropHead);
u.expect('success', function () {
  assertEq(upHeads, 1);
});
var mu = track('my upload');
var mut = my.uploadFile(mu.opts({ url: CDN + '/upload', filePath: 'https://usr/big.bin', fileName: 'f' }));
var myProg = [];
mut.onProgressUpdate(function (p) {
  myProg.push(p.progress);
});
mut.onHeadersReceived(never('my upload head'));
mut.offHeadersReceived();
mu.expect('success', function () {
  assert(myProg.length > 0 && myProg[myProg.length - 1] === 100, 'my progress ends at 100: ' + myProg);
});
var d = track('download');
var dt = wx.downloadFile(d.opts({ url: CDN + '/download?size=300000' }));
dt.onProgressUpdate(never('download progress'));
dt.offProgressUpdate();
var heads = 0;
dt.onHeadersReceived(function (h) {
  heads++;
  assertEq(Object.keys(h).sort(), ['cookies', 'header', 'statusCode']);
});
d.expect('success', function () {
  assertEq(heads, 1);
});
var md = track('my download');
var mdt = my.downloadFile(md.opts({ url: CDN + '/download?size=300000' }));
mdt.onProgressUpdate(never('my download progress'));
mdt.offProgressUpdate();
md.expect('success');
atEnd(function () {
  assertEq(log, []);
});
