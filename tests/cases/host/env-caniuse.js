// wx.env / my.env and canIUse.
assertEq(wx.env.USER_DATA_PATH, 'wxfile://usr');
assertEq(my.env.USER_DATA_PATH, 'https://usr');
assertEq(my.canIUse('request'), true);
assertEq(my.canIUse('request.object.headers'), true);
assertEq(my.canIUse('alert'), true);
assertEq(my.canIUse('noSuchApi'), false);
assertEq(wx.canIUse('request'), true);
pass();
