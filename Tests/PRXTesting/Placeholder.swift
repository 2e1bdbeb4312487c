import PRXKernel
