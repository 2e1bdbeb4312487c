test -s out/app && echo "smoke ok"
