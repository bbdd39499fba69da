PKG_CFLAGS := -I/usr/include/x86_64-linux-gnu -I/usr/include/taglib -I/usr/include/libxml2 -I/usr/include/p11-kit-1 -I/usr/include/uuid 
PKG_LIBS := -lavformat -lavcodec -lavutil -lswresample -lswscale -lebur128 -ltag -lxml2 -lcurl -lyaml -lcmark -ljansson -lmicrohttpd -luuid -lcrypto -lz -lsqlite3 
