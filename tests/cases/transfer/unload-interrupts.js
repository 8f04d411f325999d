// Unloading a page fails the transfers it started (wx "interrupted" errno
// 600003, my error 1); an interrupted download leaves no file behind.
var first = true;
Page({
  onLoad: function () {
    if (!first) return;
    first = false;
    wx.getFileSystemManager().writeFileSync('wxfile://usr/big.bin', new ArrayBuffer(8 * 1024 * 1024));
    var d = track('wx download');
    wx.downloadFile(d.opts({ url: CDN + '/download?size=10000000&slow=100' }));
    d.expect('fail', function (r) {
      assertEq(r, { errMsg: 'downloadFile:fail interrupted', errno: 600003 });
    });
    var u = track('my upload');
    my.uploadFile(u.opts({ url: CDN + '/delay/5000', filePath: 'https://usr/big.bin', fileName: 'f' }));
    u.expect('fail', function (r) {
      assertEq(r.error, 1);
    });
    setTimeout(function () {
      wx.reLaunch({ url: '/' + getCurrentPages()[0].route + '?again=1' });
    }, 300);
    atEnd(function () {
      assertEq(__mh.tempFiles(), []);
    });
  },
});
