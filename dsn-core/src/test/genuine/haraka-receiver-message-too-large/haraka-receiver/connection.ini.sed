s/^bytes=.*/bytes=4096/
