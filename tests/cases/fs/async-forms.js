// The async forms follow the callback contract: later, exactly one of
// success/fail, then complete with the same object.
var fs = wx.getFileSystemManager();
var mfs = my.getFileSystemManager();
function op(name, f, o, kind, check) {
  var t = track(name);
  sync(function () {
    f(t.opts(o));
  });
  t.expect(kind, check);
}
op('writeFile', fs.writeFile, { filePath: 'wxfile://usr/a.txt', data: 'abc' }, 'success', function (res) {
  assertEq(res, { errMsg: 'writeFile:ok' });
  op('readFile', fs.readFile, { filePath: 'wxfile://usr/a.txt', encoding: 'utf8' }, 'success', function (r) {
    assertEq(r, { data: 'abc', errMsg: 'readFile:ok' });
  });
  op('readFile bytes', fs.readFile, { filePath: 'wxfile://usr/a.txt' }, 'success', function (r) {
    assertEq(bytes(r.data), [97, 98, 99]);
  });
  op('stat', fs.stat, { path: 'wxfile://usr/a.txt' }, 'success', function (r) {
    assertEq(r.errMsg, 'stat:ok');
    assertEq(r.stats.size, 3);
    assert(r.stats.isFile(), 'isFile');
  });
  op('access', fs.access, { path: 'wxfile://usr/a.txt' }, 'success', function (r) {
    assertEq(r, { errMsg: 'access:ok' });
  });
  op('readdir', fs.readdir, { dirPath: 'wxfile://usr' }, 'success', function (r) {
    assert(r.files.indexOf('a.txt') >= 0, 'lists a.txt');
  });
  op('my readFile', mfs.readFile, { filePath: 'https://usr/a.txt', encoding: 'utf8' }, 'success', function (r) {
    assertEq(r, { data: 'abc' });
  });
});
op('mkdir', fs.mkdir, { dirPath: 'wxfile://usr/x/y', recursive: true }, 'success', function (r) {
  assertEq(r, { errMsg: 'mkdir:ok' });
});
op('readFile missing', fs.readFile, { filePath: 'wxfile://usr/missing' }, 'fail', function (r) {
  assertEq(r, { errMsg: 'readFile:fail no such file or directory, open wxfile://usr/missing', errno: 1300002 });
});
op('unlink missing', fs.unlink, { filePath: 'wxfile://usr/missing' }, 'fail', function (r) {
  assertEq(r.errno, 1300002);
});
op('my access missing', mfs.access, { path: 'https://usr/missing' }, 'fail', function (r) {
  assertEq(r, { error: 1300002, errorMessage: 'no such file or directory, access https://usr/missing' });
});
op('appendFile', fs.appendFile, { filePath: 'wxfile://usr/log.txt', data: 'x' }, 'success');
