/* Builds an OpenCL program and times the first launch of one kernel (where PoCL compiles its work-group function).
   Usage: compile_time SOURCE OPTIONS KERNEL ARGTYPES GROUP LOCALBYTES (see run.sh). */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define CK(x) do{cl_int e_=(x); if(e_){fprintf(stderr,"%s: %d\n",#x,e_);exit(1);}}while(0)
int main(int argc,char**argv){
  // argv: srcfile options kernel typestring group localbytes
  FILE*f=fopen(argv[1],"rb"); fseek(f,0,2); long n=ftell(f); rewind(f); char*src=malloc(n+1); fread(src,1,n,f); src[n]=0;
  cl_platform_id p; CK(clGetPlatformIDs(1,&p,NULL)); cl_device_id d; CK(clGetDeviceIDs(p,CL_DEVICE_TYPE_ALL,1,&d,NULL));
  cl_int e; cl_context c=clCreateContext(NULL,1,&d,NULL,NULL,&e); CK(e);
  cl_command_queue q=clCreateCommandQueue(c,d,0,&e); CK(e);
  const char*s=src; cl_program pr=clCreateProgramWithSource(c,1,&s,NULL,&e); CK(e);
  double t0=now(); e=clBuildProgram(pr,1,&d,argv[2],NULL,NULL);
  if(e){size_t sz; clGetProgramBuildInfo(pr,d,CL_PROGRAM_BUILD_LOG,0,NULL,&sz); char*l=malloc(sz); clGetProgramBuildInfo(pr,d,CL_PROGRAM_BUILD_LOG,sz,l,NULL); fprintf(stderr,"%s\n",l); return 1;}
  double t1=now();
  cl_kernel k=clCreateKernel(pr,argv[3],&e); CK(e);
  const char*ts=argv[4]; size_t G=atoi(argv[5]); size_t lb=atol(argv[6]);
  cl_mem b=clCreateBuffer(c,CL_MEM_READ_WRITE,4096,NULL,&e); CK(e);
  for(int i=0;ts[i];i++){ int iv=0; float fv=0; long lv=0;
    switch(ts[i]){case 'B':CK(clSetKernelArg(k,i,sizeof(cl_mem),&b));break; case 'i':CK(clSetKernelArg(k,i,4,&iv));break;
    case 'f':CK(clSetKernelArg(k,i,4,&fv));break; case 'l':CK(clSetKernelArg(k,i,8,&lv));break; case 'L':CK(clSetKernelArg(k,i,lb,NULL));break;}}
  CK(clEnqueueNDRangeKernel(q,k,1,NULL,&G,&G,0,NULL,NULL)); CK(clFinish(q));
  double t2=now();
  printf("build %.2fs  first-enqueue %.2fs\n",t1-t0,t2-t1);
  return 0;}
