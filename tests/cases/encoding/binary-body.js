// ArrayBuffer / typed array data is sent as raw bytes (views: only their bytes).
function bin(name, data, want, dialect) {
  var t = track(name);
  (dialect || wx).request(t.opts({ url: SERVER + '/echo', method: 'POST', data: data }));
  t.expect('success', function (res) {
    assertEq(res.data.bodyLength, want.length, name);
    var raw = Array.from(atobBytes(res.data.bodyBase64));
    assertEq(raw, want, name);
  });
}
function atobBytes(b64) {
  var chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  var out = [];
  var buf = 0, bits = 0;
  for (var i = 0; i < b64.length; i++) {
    var c = chars.indexOf(b64[i]);
    if (c < 0) continue;
    buf = (buf << 6) | c;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buf >> bits) & 255);
    }
  }
  return out;
}
var ab = new Uint8Array([0, 1, 2, 255, 128]).buffer;
bin('arraybuffer', ab, [0, 1, 2, 255, 128]);
var big = new Uint8Array(10);
for (var i = 0; i < 10; i++) big[i] = i * 10;
bin('subarray', big.subarray(2, 5), [20, 30, 40]);
bin('int16', new Int16Array([1, -1]), [1, 0, 255, 255]);
bin('dataview', new DataView(big.buffer, 8, 2), [80, 90]);
bin('my arraybuffer', new Uint8Array([7, 8]).buffer, [7, 8], my);
