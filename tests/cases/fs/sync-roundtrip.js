// The *Sync forms: write (string in each encoding, ArrayBuffer, typed
// array), read (ArrayBuffer without encoding, string with one), append,
// stat, access, readdir, mkdir, unlink.
var fs = wx.getFileSystemManager();
var U = wx.env.USER_DATA_PATH;
assertEq(U, 'wxfile://usr');
assertEq(my.env.USER_DATA_PATH, 'https://usr');

fs.writeFileSync(U + '/t.txt', 'héllo');
assertEq(fs.readFileSync(U + '/t.txt', 'utf8'), 'héllo');
assertEq(fs.readFileSync(U + '/t.txt', 'utf-8'), 'héllo');
assertEq(bytes(fs.readFileSync(U + '/t.txt')), [104, 195, 169, 108, 108, 111]);
assert(fs.readFileSync(U + '/t.txt') instanceof ArrayBuffer, 'ArrayBuffer without encoding');
assertEq(fs.readFileSync(U + '/t.txt', 'base64'), 'aMOpbGxv');
assertEq(fs.readFileSync(U + '/t.txt', 'hex'), '68c3a96c6c6f');
assertEq(fs.readFileSync(U + '/t.txt', 'utf8', 1, 2), 'é');
fs.appendFileSync(U + '/t.txt', '!');
assertEq(fs.readFileSync(U + '/t.txt', 'utf8'), 'héllo!');

fs.writeFileSync(U + '/b.bin', 'AAEC/w==', 'base64');
assertEq(bytes(fs.readFileSync(U + '/b.bin')), [0, 1, 2, 255]);
fs.writeFileSync(U + '/b.bin', '0a0b', 'hex');
assertEq(bytes(fs.readFileSync(U + '/b.bin')), [10, 11]);
fs.writeFileSync(U + '/b.bin', new Uint8Array([5, 6, 7]).buffer);
assertEq(bytes(fs.readFileSync(U + '/b.bin')), [5, 6, 7]);
fs.writeFileSync(U + '/b.bin', new Uint16Array([0x0201]));
assertEq(bytes(fs.readFileSync(U + '/b.bin')), [1, 2]);
fs.writeFileSync(U + '/b.bin', 'ÿ', 'latin1');
assertEq(bytes(fs.readFileSync(U + '/b.bin')), [255]);

var st = fs.statSync(U + '/t.txt');
assertEq(st.size, 7);
assert(st.isFile() && !st.isDirectory(), 'file');
assert(typeof st.lastModifiedTime === 'number' && st.lastModifiedTime > 1600000000, 'mtime in seconds');
assert(fs.statSync(U).isDirectory(), 'USER_DATA_PATH is a directory');
fs.accessSync(U + '/t.txt');

fs.mkdirSync(U + '/a/b/c', true);
fs.writeFileSync(U + '/a/b/c/d.txt', 'd');
fs.mkdirSync(U + '/a/e');
assertEq(fs.readdirSync(U + '/a'), ['b', 'e']);
assertEq(fs.readdirSync('https://usr/a/b/c/'), ['d.txt']);
fs.unlinkSync(U + '/a/b/c/d.txt');
assertEq(fs.readdirSync(U + '/a/b/c'), []);

// Both path forms name the same files, from either dialect.
assertEq(my.getFileSystemManager().readFileSync('https://usr/t.txt', 'utf8'), 'héllo!');
assert(wx.getFileSystemManager() === fs, 'one manager per dialect');
pass();
