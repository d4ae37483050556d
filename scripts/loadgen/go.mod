module portal/loadgen

go 1.22
