// SPEC §3 edge cases: a downloaded temp file (both path forms) can be
// uploaded; an empty file uploads with size 0 and progress ends at 100; an
// unknown extension gets a generic content type; text/plain for .txt.
var fs = wx.getFileSystemManager();
fs.writeFileSync('wxfile://usr/empty.png', '');
fs.writeFileSync('wxfile://usr/x.zzqq', 'abc');
fs.writeFileSync('wxfile://usr/noext', 'abc');
function up(name, api, o, check) {
  var t = track(name);
  o.url = CDN + '/upload';
  var prog = [];
  var task = api.uploadFile(t.opts(o));
  task.onProgressUpdate(function (p) {
    prog.push(p.progress);
  });
  t.expect('success', function (res) {
    assert(prog.length > 0 && prog[prog.length - 1] === 100, name + ' progress ' + prog);
    prog.forEach(function (p) {
      assert(isFinite(p), 'finite');
    });
    check(JSON.parse(res.data).files[0]);
  });
}
up('empty', wx, { filePath: 'wxfile://usr/empty.png', name: 'f' }, function (f) {
  assertEq([f.fileName, f.size, f.contentType], ['empty.png', 0, 'image/png']);
});
up('unknown ext', wx, { filePath: 'wxfile://usr/x.zzqq', name: 'f' }, function (f) {
  assertEq([f.fileName, f.size, f.contentType], ['x.zzqq', 3, 'application/octet-stream']);
});
up('no ext', my, { filePath: 'https://usr/noext', fileName: 'f' }, function (f) {
  assertEq([f.fileName, f.contentType], ['noext', 'application/octet-stream']);
});
var d = track('download then upload');
wx.downloadFile(d.opts({ url: CDN + '/download?size=70000&type=text/plain' }));
d.expect('success', function (res) {
  up('temp wx form', wx, { filePath: res.tempFilePath, name: 'f' }, function (f) {
    assertEq([f.size, f.contentType], [70000, 'text/plain']);
    assert(/\.txt$/.test(f.fileName), f.fileName);
  });
  up('temp my form', my, { filePath: 'https://resource/' + res.tempFilePath.slice('wxfile://tmp_'.length), fileName: 'g' }, function (f) {
    assertEq(f.size, 70000);
  });
});
