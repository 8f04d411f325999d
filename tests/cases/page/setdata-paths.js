// setData: path keys create what is missing (objects, or arrays before an
// index), this.data changes at once, the callback runs later, values are copied.
var source = { deep: { n: 1 } };
var cbRan = false;
Page({
  data: { list: [{ name: 'a', n: 1 }], a: { b: 1 }, keep: 'k' },
  onLoad: function () {
    var self = this;
    this.setData(
      {
        'list[0].name': 'b',
        'a.c.d': 2,
        'x[2].y': 3,
        'm[0][1]': 'z',
        plain: source,
        'a\\.b': 'literal',
        'bad[x]': 'kept as a literal key',
        '__proto__.polluted': 1,
        'a.constructor.prototype.polluted': 1,
      },
      function () {
        assert(this === self, 'callback this is the page');
        cbRan = true;
      }
    );
    assert(!cbRan, 'the callback is not synchronous');
    source.deep.n = 99;
    assertEq(this.data.list, [{ name: 'b', n: 1 }]);
    assertEq(this.data.a, { b: 1, c: { d: 2 } });
    assertEq(this.data.x, [null, null, { y: 3 }]);
    assert(Array.isArray(this.data.x) && this.data.x.length === 3 && this.data.x[2].y === 3, 'array created before an index');
    assert(Array.isArray(this.data.m) && Array.isArray(this.data.m[0]) && this.data.m[0][1] === 'z', 'nested arrays');
    assertEq(this.data.plain, { deep: { n: 1 } }, 'values are copied');
    assertEq(this.data['a.b'], 'literal');
    assertEq(this.data['bad[x]'], 'kept as a literal key');
    assertEq(this.data.keep, 'k');
    assert(({}).polluted === undefined, 'no prototype pollution');
    // A primitive in the way is replaced.
    this.setData({ 'keep.inner': 1 });
    assertEq(this.data.keep, { inner: 1 });
    // Functions are dropped like the platform's JSON transfer; undefined is ignored.
    this.setData({ f: function () {}, u: undefined, o: { g: function () {}, h: 1 } });
    assert(!('f' in this.data) && !('u' in this.data), 'function / undefined values not stored');
    assertEq(this.data.o, { h: 1 });
    // Not an object: an error message, nothing changes, no exception.
    this.setData('nope');
    this.setData(null);
    // Definition data is copied per instance.
    assert(getCurrentPages()[0] === this, 'the page is current');
  },
  onUnload: function () {
    assert(cbRan, 'the setData callback ran');
    pass();
  },
});
