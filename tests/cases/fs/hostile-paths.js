// Nothing outside the sandbox is readable or writable, whatever the spelling.
var fs = wx.getFileSystemManager();
var paths = [
  '/etc/passwd',
  '../../etc/passwd',
  '../secret',
  'wxfile://usr/../../x',
  'wxfile://usr/../../../../../../etc/passwd',
  'https://usr/../../etc/passwd',
  'wxfile://usr/%2e%2e/%2e%2e/etc/passwd',
  'wxfile://usr/%2E%2E/x',
  'wxfile://usr/..%2f..%2fetc',
  'wxfile://usr\\..\\..\\etc\\passwd',
  'wxfile://usr/a\\..\\b',
  'wxfile://usr/x\u0000y',
  'wxfile://usr//etc/passwd',
  'wxfile://usr/./x',
  'file:///etc/passwd',
  'http://tmp/x',
  'wxfile:///etc/passwd',
  'WXFILE://usr/x',
  'https://resource/../x',
  'wxfile://tmp_../x',
  'wxfile://tmp_/etc/passwd',
  'https://usr.evil.com/x',
  '/proc/self/environ',
  '/dev/zero',
];
var accepted = [];
paths.forEach(function (p) {
  try {
    fs.readFileSync(p);
    accepted.push('read ' + p);
  } catch (e) {
    assert(/^readFileSync:fail /.test(e.message), e.message);
  }
  try {
    fs.writeFileSync(p, 'pwned');
    accepted.push('write ' + p);
  } catch (e) {
    assert(/^writeFileSync:fail /.test(e.message), e.message);
  }
  try {
    fs.readdirSync(p);
    accepted.push('readdir ' + p);
  } catch (e) {}
});
assertEq(accepted, []);
assert(paths.length >= 20);
pass();
