grep -q 'app v1.2' out/app
