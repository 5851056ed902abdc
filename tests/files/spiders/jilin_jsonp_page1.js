



result({"totalCount": 12, "pageCount": 2, "curPage": 1, "data": [{"MetaDataId": 600000, "puburl": "http://xxgk.dc.gov.cn/zfgz6/dczsj/ndbg/202301/t20230110_642901.html", "tip": {"title": "通化市东昌区教育局2022年政府信息公开工作年度报告", "dates": "2023-01-10", "filenum": "", "publisher": "通化市东昌区教育局"}}, {"MetaDataId": 600001, "puburl": "http://xxgk.dc.gov.cn/zfgz6/dczsj/ndbg/202201/t20220112_600123.html", "tip": {"title": "2021年度政府信息公开工作报告", "dates": "2022-01-12", "filenum": "", "publisher": "通化市东昌区教育局"}}]});
