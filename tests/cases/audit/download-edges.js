// SPEC §4 edge cases: an empty body downloads to an empty file (progress, if
// any, is finite and ends at 100); a failed or aborted download to a
// filePath leaves nothing at that path and no stray file in the user dir,
// and does not destroy a file that was already there (the body goes to a
// .part file renamed only on success).
var fs = wx.getFileSystemManager();
var U = wx.env.USER_DATA_PATH;
fs.mkdirSync(U + '/d');
fs.writeFileSync(U + '/d/keep.bin', 'old');
function progressOk(prog) {
  prog.forEach(function (p) {
    assert(isFinite(p.progress) && p.progress >= 0 && p.progress <= 100, 'progress ' + JSON.stringify(p));
  });
  if (prog.length) assertEq(prog[prog.length - 1].progress, 100);
}
['', '&nolength=1'].forEach(function (extra) {
  var t = track('empty' + extra);
  var prog = [];
  var task = wx.downloadFile(t.opts({ url: CDN + '/download?size=0' + extra }));
  task.onProgressUpdate(function (p) {
    prog.push(p);
  });
  t.expect('success', function (res) {
    assertEq(res.statusCode, 200);
    assertEq(fs.statSync(res.tempFilePath).size, 0);
    progressOk(prog);
  });
});
var tr = track('truncated to an existing filePath').expect('fail', function (res) {
  assertEq(res.errno, 600001);
});
wx.downloadFile(tr.opts({ url: CDN + '/download?size=200000&truncate=100000', filePath: U + '/d/keep.bin' }));
var ab = track('aborted to a new filePath').expect('fail', function (res) {
  assertEq(res.errMsg, 'downloadFile:fail abort');
});
var n = 0;
var at = wx.downloadFile(ab.opts({ url: CDN + '/download?size=10000000&slow=50', filePath: U + '/d/new.bin' }));
at.onProgressUpdate(function () {
  if (++n === 1) at.abort();
});
var st = track('404 to filePath saved').expect('success', function (res) {
  assertEq(res.statusCode, 404);
  assertEq(res.filePath, U + '/d/s.bin');
  assertEq(bytes(fs.readFileSync(U + '/d/s.bin')), pattern(7));
});
wx.downloadFile(st.opts({ url: CDN + '/download?size=7&status=404', filePath: U + '/d/s.bin' }));
atEnd(function () {
  setTimeout(function () {
    assertEq(fs.readFileSync(U + '/d/keep.bin', 'utf8'), 'old');
    assertEq(fs.readdirSync(U + '/d').sort(), ['keep.bin', 's.bin']);
    assertEq(__mh.tempFiles().length, 2, 'the two empty downloads only');
    console.log('PASS');
  }, 100);
});
