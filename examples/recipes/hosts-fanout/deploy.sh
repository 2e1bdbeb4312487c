#!/bin/sh
# deploy.sh NAME PORT: pretends to deploy to one host, leaving a file per host.
echo "deployed to $1 on port $2 (HOST=$HOST)" > "deployed-$1.txt"
