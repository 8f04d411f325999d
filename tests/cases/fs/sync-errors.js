// Sync failures throw an Error whose message is the errMsg (wx) and which
// carries errno; my's carry error/errorMessage.
var fs = wx.getFileSystemManager();
function throws(fn, msg, errno) {
  try {
    fn();
  } catch (e) {
    assert(e instanceof Error, 'an Error');
    assertEq(e.message, msg);
    assertEq(e.errno, errno, msg);
    return;
  }
  throw new Error('did not throw: ' + msg);
}
throws(function () {
  fs.readFileSync('wxfile://usr/nope');
}, 'readFileSync:fail no such file or directory, open wxfile://usr/nope', 1300002);
throws(function () {
  fs.statSync('wxfile://usr/nope');
}, 'statSync:fail no such file or directory, stat wxfile://usr/nope', 1300002);
throws(function () {
  fs.accessSync('wxfile://usr/nope');
}, 'accessSync:fail no such file or directory, access wxfile://usr/nope', 1300002);
throws(function () {
  fs.unlinkSync('wxfile://usr/nope');
}, 'unlinkSync:fail no such file or directory, unlink wxfile://usr/nope', 1300002);
throws(function () {
  fs.readdirSync('wxfile://usr/nope');
}, 'readdirSync:fail no such file or directory, scandir wxfile://usr/nope', 1300002);
fs.mkdirSync('wxfile://usr/d');
throws(function () {
  fs.mkdirSync('wxfile://usr/d');
}, 'mkdirSync:fail file already exists, mkdir wxfile://usr/d', 1301005);
throws(function () {
  fs.readFileSync('wxfile://usr/d');
}, 'readFileSync:fail illegal operation on a directory, open wxfile://usr/d', 1301003);
throws(function () {
  fs.unlinkSync('wxfile://usr/d');
}, 'unlinkSync:fail operation not permitted, unlink wxfile://usr/d', 1300001);
fs.writeFileSync('wxfile://usr/f', 'x');
throws(function () {
  fs.readdirSync('wxfile://usr/f');
}, 'readdirSync:fail not a directory, scandir wxfile://usr/f', 1300020);
throws(function () {
  fs.writeFileSync('wxfile://usr/no/dir/f', 'x');
}, 'writeFileSync:fail no such file or directory, open wxfile://usr/no/dir/f', 1300002);
throws(function () {
  fs.readFileSync('/etc/passwd');
}, 'readFileSync:fail permission denied, open /etc/passwd', 1300013);
throws(function () {
  fs.readFileSync();
}, 'readFileSync:fail parameter error: parameter.filePath should be String instead of Undefined;', 600005);
throws(function () {
  fs.writeFileSync('wxfile://usr/f', 42);
}, 'writeFileSync:fail parameter error: parameter.data should be String/ArrayBuffer instead of Number;', 600005);
throws(function () {
  fs.readFileSync('wxfile://usr/f', 'klingon');
}, 'readFileSync:fail parameter error: parameter.encoding should be one of ascii/base64/binary/hex/latin1/ucs2/utf16le/utf-8/utf8 instead of klingon;', 600005);
throws(function () {
  fs.readFileSync('wxfile://usr/f', 'utf8', 5);
}, 'readFileSync:fail the value of "position" is out of range', 1301007);

// my: the same failure as {error, errorMessage} on the Error.
try {
  my.getFileSystemManager().readFileSync('https://usr/nope');
  throw new Error('did not throw');
} catch (e) {
  assertEq(e.message, 'readFileSync:fail no such file or directory, open https://usr/nope');
  assertEq([e.error, e.errorMessage], [1300002, 'no such file or directory, open https://usr/nope']);
}
pass();
