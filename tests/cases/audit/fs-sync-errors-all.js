// SPEC §8: every *Sync form throws an Error whose message is the errMsg, in
// both dialects (my's Error carries error/errorMessage too), and the async
// forms fail with the same text; wx: "<api>:fail no such file or directory,
// <op> <path>".
function throws(name, fn, msg) {
  try {
    fn();
  } catch (e) {
    assert(e instanceof Error, name + ': an Error');
    assertEq(e.message, msg, name);
    return e;
  }
  throw new Error(name + ': did not throw');
}
var wfs = wx.getFileSystemManager();
var mfs = my.getFileSystemManager();
[['wx', wfs, 'wxfile://usr'], ['my', mfs, 'https://usr']].forEach(function (c) {
  var fs = c[1];
  var U = c[2];
  var p = U + '/nope';
  var e;
  e = throws(c[0] + ' readFileSync', function () { fs.readFileSync(p); }, 'readFileSync:fail no such file or directory, open ' + p);
  if (c[0] === 'my') assertEq([e.error, e.errorMessage], [1300002, 'no such file or directory, open ' + p]);
  e = throws(c[0] + ' statSync', function () { fs.statSync(p); }, 'statSync:fail no such file or directory, stat ' + p);
  if (c[0] === 'my') assertEq(e.errorMessage, 'no such file or directory, stat ' + p);
  throws(c[0] + ' accessSync', function () { fs.accessSync(p); }, 'accessSync:fail no such file or directory, access ' + p);
  throws(c[0] + ' unlinkSync', function () { fs.unlinkSync(p); }, 'unlinkSync:fail no such file or directory, unlink ' + p);
  throws(c[0] + ' readdirSync', function () { fs.readdirSync(p); }, 'readdirSync:fail no such file or directory, scandir ' + p);
  throws(c[0] + ' mkdirSync', function () { fs.mkdirSync(U + '/a/b'); }, 'mkdirSync:fail no such file or directory, mkdir ' + U + '/a/b');
  throws(c[0] + ' writeFileSync', function () { fs.writeFileSync(U + '/a/b', 'x'); }, 'writeFileSync:fail no such file or directory, open ' + U + '/a/b');
});
// The async forms: same reason, "<api>:fail ..." (wx) / {error, errorMessage} (my).
var a = track('wx stat').expect('fail', function (res) {
  assertEq(res, { errMsg: 'stat:fail no such file or directory, stat wxfile://usr/nope', errno: 1300002 });
});
wfs.stat(a.opts({ path: 'wxfile://usr/nope' }));
var b = track('my readdir').expect('fail', function (res) {
  assertEq(res, { error: 1300002, errorMessage: 'no such file or directory, scandir https://usr/nope' });
});
mfs.readdir(b.opts({ dirPath: 'https://usr/nope' }));
var c = track('my mkdir').expect('fail', function (res) {
  assertEq(res.error, 1300002);
});
mfs.mkdir(c.opts({ dirPath: 'https://usr/x/y' }));
var d = track('my writeFile ArrayBuffer + readFile without encoding').expect('success', function () {
  var data = mfs.readFileSync('https://usr/w.bin');
  assert(data instanceof ArrayBuffer, 'ArrayBuffer');
  assertEq(bytes(data), [1, 2, 3]);
  assertEq(mfs.readFileSync('https://usr/w.bin', 'base64'), 'AQID');
});
mfs.writeFile(d.opts({ filePath: 'https://usr/w.bin', data: new Uint8Array([1, 2, 3]).buffer }));
