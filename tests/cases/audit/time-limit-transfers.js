// exit: 124
// args: --time-limit 1
// SPEC §1/§10: at host shutdown (the time limit) pending uploads and
// downloads still settle exactly once: wx "<api>:fail interrupted", my
// error 1.
var fs = wx.getFileSystemManager();
fs.writeFileSync('wxfile://usr/big.bin', new ArrayBuffer(4 * 1024 * 1024));
var got = [];
function rec(name) {
  var calls = [];
  return {
    success: function (r) { calls.push('success'); },
    fail: function (r) { calls.push('fail ' + (r.errMsg || r.error)); },
    complete: function () {
      calls.push('complete');
      got.push(name + ': ' + calls.join(', '));
      if (got.length === 4) {
        assertEq(got.sort(), [
          'my download: fail 1, complete',
          'my upload: fail 1, complete',
          'wx download: fail downloadFile:fail interrupted, complete',
          'wx upload: fail uploadFile:fail interrupted, complete',
        ]);
        console.log('PASS');
      }
    },
  };
}
function o(base, cbs) {
  for (var k in cbs) base[k] = cbs[k];
  return base;
}
wx.downloadFile(o({ url: CDN + '/download?size=10000000&slow=500' }, rec('wx download')));
my.downloadFile(o({ url: CDN + '/download?size=10000000&slow=500' }, rec('my download')));
wx.uploadFile(o({ url: CDN + '/delay/10000', filePath: 'wxfile://usr/big.bin', name: 'f' }, rec('wx upload')));
my.uploadFile(o({ url: CDN + '/delay/10000', filePath: 'wxfile://usr/big.bin', fileName: 'f' }, rec('my upload')));
