"""Demo training bases and positions, written as the enterprises of each city would write them.

`seed_bases()` runs after the core demo (centers, accounts), inside `system_scope()`. Every
step goes through the services a person's click goes through, at its moment of the demo's
past (`mentorship.demo`): each enterprise is registered by its representative, who
applies to be a base and posts positions; the bureau reviews the applications. So the
audit trail and the notifications are what real use leaves. Only the representatives'
accounts are made directly: accounts are reference data, not a workflow. Running it again
leaves what exists as it is and adds what is missing.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bases import services
from bases.models import Enterprise, Position, TrainingBase
from bases.validators import credit_code_check_char
from mentorship.demo import at, demo_member, demo_person, demo_reviewer, moment, register_demo
from mentorship.models import Role, ServiceCenter, User

INTERNSHIP = TrainingBase.Kind.INTERNSHIP
WORKPLACE = TrainingBase.Kind.WORKPLACE

# key: (first 17 characters of the credit code, zh, en, industry, size, address, phone)
ENTERPRISES = {
    "alibaba": (
        "91330100MA27XL1A1",
        "阿里巴巴（中国）有限公司",
        "Alibaba (China) Co., Ltd.",
        "互联网",
        Enterprise.Size.LARGE,
        "杭州市余杭区文一西路969号",
        "0571-88888888",
    ),
    "supcon": (
        "91330100MA27XL1A2",
        "浙江中控技术股份有限公司",
        "SUPCON Technology Co., Ltd.",
        "工业自动化",
        Enterprise.Size.LARGE,
        "杭州市滨江区六和路309号",
        "0571-88888888",
    ),
    "hikvision": (
        "91330100MA27XL1A3",
        "杭州海康威视数字技术股份有限公司",
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
        "安防与物联网",
        Enterprise.Size.LARGE,
        "杭州市滨江区阡陌路555号",
        "0571-88888888",
    ),
    "netease": (
        "91330100MA27XL1A4",
        "网易（杭州）网络有限公司",
        "NetEase (Hangzhou) Network Co., Ltd.",
        "互联网",
        Enterprise.Size.LARGE,
        "杭州市滨江区网商路599号",
        "0571-88888888",
    ),
    "youzan": (
        "91330100MA2N00001",
        "杭州有赞科技有限公司",
        "Hangzhou Youzan Technology Co., Ltd.",
        "软件和信息技术服务业",
        Enterprise.Size.MEDIUM,
        "杭州市西湖区黄龙时代广场B座",
        "0571-86570001",
    ),
    "dahua": (
        "91330100MA2N00002",
        "浙江大华技术股份有限公司",
        "Zhejiang Dahua Technology Co., Ltd.",
        "安防与物联网",
        Enterprise.Size.LARGE,
        "杭州市滨江区滨安路1199号",
        "0571-28939522",
    ),
    "huangshan_tourism": (
        "91341000MA2N00001",
        "黄山旅游发展股份有限公司",
        "Huangshan Tourism Development Co., Ltd.",
        "旅游与酒店",
        Enterprise.Size.LARGE,
        "安徽省黄山市屯溪区天都大道1号",
        "0559-2586666",
    ),
    "novel": (
        "91341000MA2N00002",
        "黄山永新股份有限公司",
        "Huangshan Novel Co., Ltd.",
        "包装材料制造",
        Enterprise.Size.LARGE,
        "安徽省黄山市徽州区徽州东路188号",
        "0559-3514242",
    ),
    "xieyuda": (
        "91341000MA2N00003",
        "谢裕大茶叶股份有限公司",
        "Xieyuda Tea Co., Ltd.",
        "茶叶种植与加工",
        Enterprise.Size.MEDIUM,
        "安徽省黄山市徽州区环城西路18号",
        "0559-3511111",
    ),
    "ningbo_port": (
        "91330200MA2N00001",
        "宁波舟山港股份有限公司",
        "Ningbo Zhoushan Port Co., Ltd.",
        "港口与物流",
        Enterprise.Size.LARGE,
        "浙江省宁波市鄞州区宁东路269号",
        "0574-27686666",
    ),
}

# (center slug, enterprise key, kind, status, months since recognition, introduction)
BASES = [
    (
        "hangzhou",
        "alibaba",
        INTERNSHIP,
        TrainingBase.Status.RECOGNIZED,
        13,
        "阿里巴巴每年在淘天集团、阿里云、菜鸟、钉钉等业务接收在校大学生实习。每位实习生配备一名"
        "业务导师和一名师兄师姐，参与真实项目的需求分析、开发、测试与上线；实习期间有技术分享、"
        "代码评审和结项答辩，表现优秀者可获得校招绿色通道。",
    ),
    (
        "hangzhou",
        "alibaba",
        WORKPLACE,
        TrainingBase.Status.RECOGNIZED,
        7,
        "面向低年级学生开放西溪园区职场体验日：参观园区和客服中心，旁听产品评审会，与一线工程师、"
        "产品经理、运营面对面交流职业发展，每月两场，每场约40人。",
    ),
    (
        "hangzhou",
        "supcon",
        INTERNSHIP,
        TrainingBase.Status.RECOGNIZED,
        14,
        "中控技术为自动化、电气、化工、计算机等专业学生提供研发、工程服务与项目实施岗位的实习，"
        "实习生进入DCS/PLC研发中心和工程项目现场，由高级工程师带教，完成一项可交付的课题。",
    ),
    (
        "hangzhou",
        "hikvision",
        INTERNSHIP,
        TrainingBase.Status.RECOGNIZED,
        15,
        "海康威视研究院、智能制造中心和海外营销中心常年接收实习生，实行“一人一导师、一人一课题”，"
        "实习结束进行课题答辩并出具实习鉴定。",
    ),
    (
        "hangzhou",
        "netease",
        INTERNSHIP,
        TrainingBase.Status.RECOGNIZED,
        # Over a year without an intern: the bureau's annual review lists it.
        13,
        "网易雷火、网易云音乐、网易有道等事业部接收技术、策划、美术、运营方向的实习生，"
        "实习生参与在研产品，每两周与导师进行一次一对一沟通。",
    ),
    (
        "hangzhou",
        "youzan",
        INTERNSHIP,
        TrainingBase.Status.SUBMITTED,
        None,
        "有赞为商家提供SaaS软件，研发、客户成功和运营岗位每年可接收约30名实习生，"
        "由部门负责人指定带教导师，实习内容围绕真实商家需求展开。",
    ),
    (
        "hangzhou",
        "dahua",
        INTERNSHIP,
        TrainingBase.Status.UNDER_REVIEW,
        None,
        "大华股份研发中心与制造中心拟每年接收50名实习生，覆盖软件开发、硬件测试和生产工艺方向。",
    ),
    (
        "huangshan",
        "huangshan_tourism",
        INTERNSHIP,
        TrainingBase.Status.RECOGNIZED,
        11,
        "黄山旅游在景区服务、酒店运营和新媒体宣传岗位接收旅游管理、酒店管理、新闻传播等专业学生实习，"
        "提供山上住宿和工作餐，由部门主管带教。",
    ),
    (
        "huangshan",
        "huangshan_tourism",
        WORKPLACE,
        TrainingBase.Status.RECOGNIZED,
        11,
        "组织学生走进景区游客中心、索道公司和酒店后台，了解旅游服务业一线岗位。",
    ),
    (
        "huangshan",
        "novel",
        INTERNSHIP,
        TrainingBase.Status.RECOGNIZED,
        6,
        "永新股份在质检中心和生产车间接收材料、化学、机械类专业学生实习，实习生参与质量改进项目。",
    ),
    (
        "huangshan",
        "xieyuda",
        INTERNSHIP,
        TrainingBase.Status.RECOGNIZED,
        6,
        "谢裕大在茶园基地、电商中心和品牌部接收茶学、电子商务、市场营销专业学生实习。",
    ),
    (
        "ningbo",
        "ningbo_port",
        INTERNSHIP,
        TrainingBase.Status.RECOGNIZED,
        12,
        "宁波舟山港在集装箱码头、调度中心和信息中心接收物流、交通运输、计算机专业学生实习。",
    ),
]

ZH_DUTIES, ZH_REQUIREMENTS = "岗位职责：", "任职要求："
EN_DUTIES, EN_REQUIREMENTS = "Responsibilities:", "Requirements:"

# enterprise key -> [(title, department, openings, months, stipend, majors, duties, requirements,
#                     location, status)]
POSITIONS = {
    "alibaba": [
        (
            "前端开发实习生",
            "淘天集团·终端平台技术部",
            5,
            6,
            "4500",
            "计算机科学与技术,软件工程,数字媒体技术",
            "1. 参与淘宝、天猫营销会场页面的开发与性能优化；\n"
            "2. 使用 React、TypeScript 完成组件开发，编写单元测试；\n"
            "3. 参与代码评审，沉淀前端通用组件。",
            "1. 2026、2027届本科及以上在校生；\n"
            "2. 熟悉 HTML/CSS/JavaScript，了解 React 或 Vue；\n"
            "3. 每周可实习4天以上，实习期不少于6个月者优先。",
            "杭州市余杭区文一西路969号 西溪园区",
            Position.Status.OPEN,
        ),
        (
            "数据分析实习生（电商方向）",
            "淘天集团·数据决策部",
            4,
            4,
            "4000",
            "统计学,数据科学与大数据技术,经济学,数学与应用数学",
            "1. 负责大促期间商家经营数据的日常监控与异动分析；\n"
            "2. 搭建行业看板，输出专题分析报告；\n"
            "3. 配合运营同学设计并评估营销实验（A/B 测试）。",
            "1. 熟练使用 SQL，会用 Python 或 R 做数据处理；\n"
            "2. 对电商业务有兴趣，逻辑清晰、表达能力好；\n"
            "3. 有数学建模或数据分析竞赛经历者优先。",
            "杭州市余杭区文一西路969号 西溪园区",
            Position.Status.OPEN,
        ),
        (
            "Java 后端开发实习生",
            "阿里云·弹性计算事业部",
            6,
            6,
            "5000",
            "计算机科学与技术,软件工程,网络工程",
            "1. 参与云服务器控制台后端服务的开发与维护；\n"
            "2. 编写接口文档和自动化测试用例；\n"
            "3. 在导师指导下排查线上问题，学习高可用系统设计。",
            "1. 扎实的 Java 基础，了解 Spring Boot、MySQL；\n"
            "2. 了解 Linux 常用命令和网络基础；\n"
            "3. 有开源项目或 ACM 竞赛经历者优先。",
            "杭州市西湖区云栖小镇 阿里云园区",
            Position.Status.OPEN,
        ),
        (
            "算法工程师实习生（推荐系统）",
            "淘天集团·搜索推荐技术部",
            3,
            6,
            "6000",
            "人工智能,计算机科学与技术,数学与应用数学",
            "1. 参与首页猜你喜欢推荐模型的特征工程与模型迭代；\n"
            "2. 跟进线上实验效果，分析 bad case；\n"
            "3. 调研前沿推荐算法并落地验证。",
            "1. 硕士在读优先，熟悉机器学习常用算法；\n"
            "2. 熟练使用 Python，了解 PyTorch 或 TensorFlow；\n"
            "3. 有顶会论文或 Kaggle 竞赛获奖经历者优先。",
            "杭州市余杭区文一西路969号 西溪园区",
            Position.Status.OPEN,
        ),
        (
            "用户体验设计实习生",
            "钉钉·设计中心",
            2,
            3,
            "3500",
            "视觉传达设计,工业设计,数字媒体艺术",
            "1. 参与钉钉移动端功能的交互与视觉设计；\n"
            "2. 协助开展用户访谈与可用性测试；\n"
            "3. 维护设计规范与组件库。",
            "1. 熟练使用 Figma 或 Sketch，请随简历附作品集；\n2. 对 B 端产品有兴趣，善于沟通。",
            "杭州市余杭区五常街道 钉钉园区",
            Position.Status.OPEN,
        ),
        (
            "客户体验运营实习生",
            "菜鸟·客户体验部",
            8,
            3,
            "3000",
            "物流管理,电子商务,工商管理",
            "1. 跟进消费者物流咨询与投诉工单，分析高频问题；\n"
            "2. 协助优化客服知识库与服务流程；\n"
            "3. 参与“双11”保障期间的服务运营。",
            "1. 沟通表达能力强，有耐心和责任心；\n2. 熟练使用 Excel，每周可实习5天。",
            "杭州市余杭区菜鸟网络总部",
            Position.Status.OPEN,
        ),
        (
            "Cloud Solutions Intern (International Business)",
            "Alibaba Cloud Intelligence International",
            2,
            6,
            "5500",
            "计算机科学与技术,英语,国际经济与贸易",
            "1. Support solution architects in preparing cloud migration proposals for "
            "overseas customers;\n"
            "2. Build demos on Alibaba Cloud products and write English documentation;\n"
            "3. Join customer calls and summarize technical requirements.",
            "1. Fluent English (CET-6 550+ or IELTS 6.5+);\n"
            "2. Basic knowledge of cloud computing, Linux and networking;\n"
            "3. Available at least 4 days a week.",
            "杭州市西湖区云栖小镇 阿里云园区",
            Position.Status.OPEN,
        ),
        (
            "产品经理实习生（钉钉）",
            "钉钉·产品部",
            3,
            4,
            "4500",
            "工商管理,信息管理与信息系统,计算机科学与技术",
            "1. 参与钉钉审批、考勤等功能的需求调研与方案设计；\n"
            "2. 撰写产品需求文档，跟进研发与上线；\n"
            "3. 分析上线数据，提出迭代建议。",
            "1. 逻辑清晰，具备良好的文字表达能力；\n2. 有互联网产品实习或校园项目经历者优先。",
            "杭州市余杭区五常街道 钉钉园区",
            Position.Status.OPEN,
        ),
        (
            "直播电商运营实习生",
            "淘天集团·内容电商事业部",
            3,
            3,
            "3500",
            "电子商务,市场营销,网络与新媒体",
            "1. 协助主播团队策划直播选品与排期；\n2. 复盘直播数据，输出优化建议。",
            "1. 熟悉淘宝直播、抖音等平台；\n2. 有校园自媒体运营经验者优先。",
            "杭州市余杭区文一西路969号 西溪园区",
            Position.Status.DRAFT,
        ),
        (
            "测试开发实习生",
            "阿里云·质量技术部",
            4,
            5,
            "4500",
            "计算机科学与技术,软件工程,信息安全",
            "1. 参与云产品接口自动化测试框架的开发与维护；\n"
            "2. 设计测试用例，跟进缺陷修复；\n"
            "3. 参与性能与稳定性测试。",
            "1. 熟悉 Python 或 Java，了解 HTTP 协议；\n2. 对质量保障有兴趣，做事细致。",
            "杭州市西湖区云栖小镇 阿里云园区",
            Position.Status.OPEN,
        ),
    ],
    "supcon": [
        (
            "嵌入式软件开发实习生",
            "控制系统研发中心",
            4,
            6,
            "3500",
            "自动化,电子信息工程,计算机科学与技术",
            "1. 参与 DCS 控制器嵌入式软件的模块开发与单元测试；\n"
            "2. 编写设计文档，参与代码走查；\n"
            "3. 在测试平台上完成功能验证。",
            "1. 熟悉 C 语言，了解 ARM 或 RTOS；\n2. 做过单片机或电子设计竞赛项目者优先。",
            "杭州市滨江区六和路309号 中控科技园",
            Position.Status.OPEN,
        ),
        (
            "工业自动化工程实习生",
            "工程服务部",
            6,
            6,
            "3000",
            "自动化,电气工程及其自动化,化学工程与工艺",
            "1. 参与化工、石化项目控制系统的组态与调试；\n"
            "2. 随项目组赴现场开展系统安装与投运；\n"
            "3. 整理项目技术资料。",
            "1. 了解过程控制基础知识，能适应短期出差；\n2. 吃苦耐劳，有团队合作精神。",
            "杭州市滨江区六和路309号 中控科技园",
            Position.Status.OPEN,
        ),
        (
            "化工工艺仿真实习生",
            "智能工厂事业部",
            2,
            4,
            "3200",
            "化学工程与工艺,过程装备与控制工程",
            "1. 使用流程模拟软件搭建工艺仿真模型；\n2. 协助开发操作员培训系统（OTS）。",
            "1. 熟悉化工原理，了解 Aspen Plus 或 HYSYS；\n2. 硕士在读优先。",
            "杭州市滨江区六和路309号 中控科技园",
            Position.Status.OPEN,
        ),
        (
            "Technical Writer Intern (English)",
            "International Business Division",
            2,
            4,
            "3000",
            "英语,翻译,自动化",
            "1. Translate and edit product manuals of control systems into English;\n"
            "2. Maintain the English terminology base with engineers.",
            "1. Excellent written English (TEM-8 or equivalent);\n"
            "2. Interest in industrial technology; an engineering minor is a plus.",
            "杭州市滨江区六和路309号 中控科技园",
            Position.Status.OPEN,
        ),
        (
            "销售助理实习生",
            "华东销售大区",
            2,
            3,
            "2500",
            "市场营销,工商管理",
            "1. 协助客户经理整理投标文件和合同资料；\n2. 维护客户信息，跟进回款进度。",
            "1. 细心负责，熟练使用 Office；\n2. 普通话标准。",
            "杭州市滨江区六和路309号 中控科技园",
            Position.Status.CLOSED,
        ),
        (
            "PLC 软件测试实习生",
            "控制系统研发中心·测试部",
            3,
            4,
            "3000",
            "自动化,测控技术与仪器,软件工程",
            "1. 搭建 PLC 测试环境，执行功能与通信测试；\n2. 编写测试脚本，记录并跟踪缺陷。",
            "1. 了解 IEC 61131-3 编程语言者优先；\n2. 有较强的学习能力。",
            "杭州市滨江区六和路309号 中控科技园",
            Position.Status.OPEN,
        ),
    ],
    "hikvision": [
        (
            "视觉算法实习生",
            "研究院·视觉算法部",
            4,
            6,
            "5000",
            "人工智能,计算机科学与技术,电子信息工程",
            "1. 参与目标检测、行人重识别等算法的研究与优化；\n"
            "2. 负责数据清洗与标注质量把控；\n"
            "3. 将模型部署到边缘设备并评估效果。",
            "1. 熟悉深度学习基础，熟练使用 Python 和 PyTorch；\n"
            "2. 有 CV 方向科研或竞赛经历者优先。",
            "杭州市滨江区阡陌路555号",
            Position.Status.OPEN,
        ),
        (
            "硬件测试实习生",
            "硬件研发中心",
            5,
            4,
            "3200",
            "电子信息工程,通信工程,测控技术与仪器",
            "1. 按测试规范完成摄像机主板的功能与可靠性测试；\n2. 记录并跟踪缺陷，输出测试报告。",
            "1. 会使用示波器、万用表等常用仪器；\n2. 认真细致，有一定动手能力。",
            "杭州市滨江区阡陌路555号",
            Position.Status.OPEN,
        ),
        (
            "嵌入式 Linux 开发实习生",
            "前端产品研发部",
            3,
            6,
            "4000",
            "计算机科学与技术,软件工程,电子信息工程",
            "1. 参与网络摄像机 Linux 驱动与应用程序开发；\n2. 定位并修复设备端软件问题。",
            "1. 熟悉 C/C++ 和 Linux 开发环境；\n2. 了解多线程与网络编程。",
            "杭州市滨江区阡陌路555号",
            Position.Status.OPEN,
        ),
        (
            "智能制造工艺实习生",
            "桐庐制造基地·工艺部",
            4,
            3,
            "3000",
            "机械设计制造及其自动化,工业工程",
            "1. 参与 SMT 产线工艺改进与良率分析；\n2. 编制作业指导书。",
            "1. 了解精益生产基础；\n2. 能适应制造基地工作环境（提供班车与食宿）。",
            "杭州市桐庐县海康威视制造基地",
            Position.Status.OPEN,
        ),
        (
            "Overseas Marketing Intern",
            "International Marketing Center",
            2,
            3,
            "3500",
            "英语,市场营销,国际经济与贸易",
            "1. Prepare marketing materials and case studies for overseas partners;\n"
            "2. Run social media accounts in English and report on campaign data.",
            "1. Fluent spoken and written English; a second foreign language is a plus;\n"
            "2. Good with PowerPoint and basic design tools.",
            "杭州市滨江区阡陌路555号",
            Position.Status.OPEN,
        ),
        (
            "供应链计划实习生",
            "供应链管理部",
            3,
            4,
            "3000",
            "物流管理,工业工程,供应链管理",
            "1. 协助编制物料需求计划，跟踪关键物料到货；\n2. 维护库存周转报表。",
            "1. 熟练使用 Excel 函数与数据透视表；\n2. 沟通协调能力好。",
            "杭州市滨江区阡陌路555号",
            Position.Status.OPEN,
        ),
    ],
    "netease": [
        (
            "游戏策划实习生（雷火事业群）",
            "雷火事业群",
            3,
            6,
            "4500",
            "汉语言文学,数字媒体技术,计算机科学与技术",
            "1. 参与游戏玩法、关卡或系统的设计与文档撰写；\n"
            "2. 配合程序与美术完成功能落地并验收；\n"
            "3. 分析玩家反馈，提出优化方案。",
            "1. 热爱游戏，有丰富的游戏经历；\n2. 有 MOD 制作或独立游戏开发经历者优先。",
            "杭州市滨江区网商路599号 网易园区",
            Position.Status.OPEN,
        ),
        (
            "游戏测试实习生",
            "互动娱乐事业群·质量保障部",
            6,
            3,
            "3500",
            "计算机科学与技术,软件工程",
            "1. 执行游戏功能与兼容性测试，提交并回归缺陷；\n2. 编写自动化测试脚本。",
            "1. 了解软件测试基本方法，会 Python 者优先；\n2. 细心、耐心。",
            "杭州市滨江区网商路599号 网易园区",
            Position.Status.OPEN,
        ),
        (
            "内容运营实习生（网易云音乐）",
            "网易云音乐·内容运营部",
            2,
            4,
            "3500",
            "新闻学,传播学,音乐学,网络与新媒体",
            "1. 策划歌单与专题内容，撰写推荐文案；\n2. 与音乐人沟通，协助完成线上活动。",
            "1. 热爱音乐，文字功底好；\n2. 每周可实习4天以上。",
            "杭州市滨江区网商路599号 网易园区",
            Position.Status.OPEN,
        ),
        (
            "3D 美术实习生",
            "雷火事业群·美术中心",
            3,
            6,
            "4000",
            "动画,数字媒体艺术,美术学",
            "1. 在主美指导下完成角色或场景模型制作；\n2. 参与美术资源规范整理。",
            "1. 熟练使用 Maya、ZBrush 或 Blender，请附作品集；\n2. 有良好的造型能力。",
            "杭州市滨江区网商路599号 网易园区",
            Position.Status.OPEN,
        ),
        (
            "Game Localization Intern (English/Japanese)",
            "Leihuo Global Publishing",
            2,
            6,
            "4500",
            "英语,日语,翻译",
            "1. Localize in-game text, patch notes and events into English or Japanese;\n"
            "2. Check translations in game builds and report layout issues.",
            "1. Native-level Chinese and fluent English or Japanese;\n"
            "2. A passion for games and knowledge of gaming terminology.",
            "杭州市滨江区网商路599号 网易园区",
            Position.Status.OPEN,
        ),
        (
            "英语教研实习生（网易有道）",
            "网易有道·教研中心",
            3,
            4,
            "3000",
            "英语,教育学,学科教学（英语）",
            "1. 参与中小学英语课程内容的编写与审校；\n2. 协助录制讲解视频。",
            "1. 英语专业八级或同等水平；\n2. 有家教或支教经历者优先。",
            "杭州市滨江区网商路599号 网易园区",
            Position.Status.OPEN,
        ),
        (
            "Data Engineering Intern",
            "NetEase Games Data Center",
            2,
            6,
            "5000",
            "数据科学与大数据技术,计算机科学与技术,统计学",
            "1. Build and maintain data pipelines for player behaviour analytics;\n"
            "2. Write SQL and Spark jobs and check data quality;\n"
            "3. Work with analysts on dashboards in an English-speaking team.",
            "1. Good SQL and Python; Spark or Flink is a plus;\n"
            "2. Able to read and write technical English.",
            "杭州市滨江区网商路599号 网易园区",
            Position.Status.OPEN,
        ),
    ],
    "huangshan_tourism": [
        (
            "景区游客服务实习生",
            "黄山风景区游客服务中心",
            8,
            3,
            "2500",
            "旅游管理,酒店管理",
            "1. 在游客中心提供咨询、票务与投诉处理服务；\n2. 节假日协助开展客流疏导。",
            "1. 形象端庄，普通话标准；\n2. 能适应山上住宿，提供食宿。",
            "黄山风景区汤口游客中心",
            Position.Status.OPEN,
        ),
        (
            "新媒体运营实习生",
            "品牌营销中心",
            2,
            4,
            "2800",
            "新闻学,网络与新媒体,市场营销",
            "1. 负责黄山旅游微信公众号、抖音账号的内容策划与拍摄；\n2. 跟踪数据并复盘。",
            "1. 会使用剪映、PR 等剪辑工具；\n2. 喜欢户外，能随团队上山拍摄。",
            "黄山市屯溪区天都大道1号",
            Position.Status.OPEN,
        ),
        (
            "酒店前厅实习生",
            "北海宾馆",
            5,
            6,
            "2600",
            "酒店管理,旅游管理",
            "1. 办理入住与退房，解答宾客咨询；\n2. 协助处理团队接待。",
            "1. 服务意识强，能适应倒班；\n2. 会简单英语会话。",
            "黄山风景区北海景区",
            Position.Status.OPEN,
        ),
        (
            "English Tour Guide Intern",
            "Inbound Travel Department",
            3,
            3,
            "3000",
            "英语,旅游管理",
            "1. Guide international visitors around Huangshan and Hongcun village;\n"
            "2. Help design English itineraries and brochures.",
            "1. Fluent spoken English; a tour-guide certificate is a plus;\n"
            "2. In good health for mountain hiking.",
            "黄山市屯溪区天都大道1号",
            Position.Status.OPEN,
        ),
        (
            "财务实习生",
            "财务管理部",
            2,
            3,
            "2400",
            "会计学,财务管理,审计学",
            "1. 协助完成凭证整理、发票核对与报销审核；\n2. 参与月末结账。",
            "1. 熟悉会计基础；\n2. 认真细致，保守秘密。",
            "黄山市屯溪区天都大道1号",
            Position.Status.OPEN,
        ),
    ],
    "novel": [
        (
            "质量检验实习生",
            "质检中心",
            4,
            6,
            "3000",
            "高分子材料与工程,化学,材料科学与工程",
            "1. 按标准完成包装膜材料的物理性能与卫生指标检测；\n2. 记录数据并参与质量分析会。",
            "1. 熟悉实验室基本操作；\n2. 认真负责，能适应倒班。",
            "黄山市徽州区徽州东路188号",
            Position.Status.OPEN,
        ),
        (
            "生产管理实习生",
            "生产部",
            3,
            4,
            "2800",
            "工业工程,机械设计制造及其自动化",
            "1. 跟进产线计划执行与设备效率（OEE）统计；\n2. 参与精益改善项目。",
            "1. 熟练使用 Excel；\n2. 有制造业实习经历者优先。",
            "黄山市徽州区徽州东路188号",
            Position.Status.OPEN,
        ),
    ],
    "xieyuda": [
        (
            "茶叶电商运营实习生",
            "电商中心",
            3,
            3,
            "2500",
            "电子商务,市场营销",
            "1. 负责天猫、京东店铺的商品上新与活动报名；\n2. 整理销售数据，协助客服。",
            "1. 对茶文化有兴趣；\n2. 会基础的图片处理。",
            "黄山市徽州区环城西路18号",
            Position.Status.OPEN,
        ),
        (
            "茶艺与品牌推广实习生",
            "品牌部",
            2,
            4,
            "2400",
            "茶学,市场营销,文化产业管理",
            "1. 在体验店为顾客讲解黄山毛峰冲泡与品鉴；\n2. 协助策划茶文化研学活动。",
            "1. 持有茶艺师证书者优先；\n2. 表达能力好。",
            "黄山市徽州区富溪乡谢裕大茶园",
            Position.Status.OPEN,
        ),
    ],
    "ningbo_port": [
        (
            "港口物流调度实习生",
            "集装箱码头调度中心",
            5,
            6,
            "3500",
            "物流管理,交通运输,港口航道与海岸工程",
            "1. 协助编制船舶靠泊与堆场计划；\n2. 跟踪集卡作业效率并分析瓶颈。",
            "1. 能适应倒班；\n2. 熟练使用 Excel，了解运筹学基础者优先。",
            "宁波市北仑区穿山港区",
            Position.Status.OPEN,
        ),
        (
            "Shipping Documentation Intern",
            "International Business Department",
            2,
            4,
            "3800",
            "英语,国际经济与贸易,物流管理",
            "1. Check bills of lading and customs documents in English;\n"
            "2. Correspond with shipping lines and overseas agents.",
            "1. Good written English; CET-6 or above;\n2. Careful and organised.",
            "宁波市鄞州区宁东路269号",
            Position.Status.OPEN,
        ),
    ],
}

CITIES = {"hangzhou": "杭州", "huangshan": "黄山", "ningbo": "宁波"}

# Interns a year, where a base's introduction names another figure than the usual 30.
YEARLY_CAPACITY = {"dahua": 50}

# The representative who registers each enterprise and speaks for it in the demo's
# workflows; all but Alibaba's (a demo account) cannot sign in.
REPRESENTATIVE_NAMES = {
    "alibaba": "张悦",
    "supcon": "吴磊",
    "hikvision": "孙婷",
    "netease": "郑凯",
    "youzan": "许文",
    "dahua": "冯洁",
    "huangshan_tourism": "方敏",
    "novel": "汪宇",
    "xieyuda": "谢宁",
    "ningbo_port": "鲍军",
}

RECOGNITION_COMMENT = "材料齐全，带教安排具体，同意认定。"

# Bases recognized for a shorter period, ending this many days after the demo's today: the
# reminders before the end of a recognition have one to remind.
DAYS_LEFT = {"hikvision": 45}


def demo_representative(center, enterprise) -> User:
    """The enterprise's first representative, joined to `center` as one if not yet."""
    representative = enterprise.representatives.order_by("pk").first()
    demo_member(center, representative, Role.ENTERPRISE)
    return representative


def _months_ago(today, months: int) -> date:
    return today - timedelta(days=round(months * 30.5))


# Each base's history, in days before today: the enterprise registers a week before its
# first application; a recognized base was submitted three weeks before its recognition
# and taken into review a week after that.


def _submitted_on(today, status, months) -> date:
    if status == TrainingBase.Status.RECOGNIZED:
        return _months_ago(today, months) - timedelta(days=21)
    return today - timedelta(days=4 if status == TrainingBase.Status.SUBMITTED else 9)


def _registered_on(key, today) -> date:
    first = min(
        _submitted_on(today, status, months)
        for _slug, k, _kind, status, months, _intro in BASES
        if k == key
    )
    return first - timedelta(days=7)


def _demo_licence_pdf(credit_code, name) -> bytes:
    """A one-page PDF standing in for the scanned licence (only ASCII: no CJK font needed)."""
    text = f"DEMO BUSINESS LICENCE  {credit_code}  {name}"
    text = text.replace("\\", "").replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 40 760 Td ({text}) Tj ET".encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _enterprise(center, key: str, today) -> Enterprise:
    """The enterprise, registered by its representative if it is not yet."""
    code17, zh, en, industry, size, address, phone = ENTERPRISES[key]
    credit_code = code17 + credit_code_check_char(code17)
    enterprise = Enterprise.objects.filter(credit_code=credit_code).first()
    if enterprise is not None:
        return enterprise
    representative = demo_person(f"hr.{key}@demo.example", REPRESENTATIVE_NAMES[key])
    licence = SimpleUploadedFile(
        "licence.pdf", _demo_licence_pdf(credit_code, en), content_type="application/pdf"
    )
    with at(moment(_registered_on(key, today), 9, 30)):
        demo_member(center, representative, Role.ENTERPRISE)
        return services.enterprise_register(
            center=center,
            actor=representative,
            credit_code=credit_code,
            business_licence=licence,
            name_zh=zh,
            name_en=en,
            industry=industry,
            size=size,
            address=address,
            contact_name="人力资源部",
            contact_phone=phone,
        )


def _apply(center, enterprise, key, kind, status, months, introduction, today) -> TrainingBase:
    """The enterprise applies, and the bureau takes the application as far as `status`."""
    submitted = _submitted_on(today, status, months)
    with at(moment(submitted, 10)):
        representative = demo_representative(center, enterprise)
        base = services.base_create(
            center=center,
            actor=representative,
            enterprise=enterprise,
            kind=kind,
            introduction=introduction,
            yearly_capacity=YEARLY_CAPACITY.get(key, 30),
        )
        base = services.base_submit(center=center, actor=representative, base=base)
    if status == TrainingBase.Status.SUBMITTED:
        return base
    with at(moment(submitted + timedelta(days=7 if months else 2), 14)):
        reviewer = demo_reviewer(center)
        base = services.base_start_review(center=center, actor=reviewer, base=base)
    if status == TrainingBase.Status.RECOGNIZED:
        start = _months_ago(today, months)
        with at(moment(start, 15)):
            days_left = DAYS_LEFT.get(key)
            base = services.base_recognize(
                center=center,
                actor=reviewer,
                base=base,
                recognized_from=start,
                recognized_until=today + timedelta(days=days_left) if days_left else None,
                comment=RECOGNITION_COMMENT,
            )
    return base


def _positions(base, rows, city, today) -> None:
    """The base's positions as its representative posts them: each a draft, published (but
    for the one left a draft) over the last weeks, one closed again."""
    taken = set(Position.objects.filter(base=base).values_list("title", flat=True))
    for i, row in enumerate(rows):
        (title, department, openings, months, stipend, majors, duties, reqs, location, status) = row
        if title in taken:
            continue
        english = title.isascii()
        heading, requirements = (
            (EN_DUTIES, EN_REQUIREMENTS) if english else (ZH_DUTIES, ZH_REQUIREMENTS)
        )
        start = today + timedelta(days=30 + 7 * (i % 6))
        posted = today - timedelta(days=2 + 3 * i)
        with at(moment(posted, 10)):
            act = {
                "center": base.center,
                "actor": demo_representative(base.center, base.enterprise),
            }
            position = services.position_create(
                **act,
                base=base,
                title=title,
                department=department,
                description=f"{heading}\n{duties}\n\n{requirements}\n{reqs}",
                city=city,
                location=location,
                openings=openings,
                duration_months=months,
                stipend=Decimal(stipend),
                majors=majors,
                start_date=start,
                deadline=start - timedelta(days=10 + 2 * (i % 4)),
            )
            if status != Position.Status.DRAFT:
                position = services.position_publish(**act, position=position)
        if status == Position.Status.CLOSED:
            with at(moment(posted + timedelta(days=1), 17)):
                services.position_close(**act, position=position)


def _seed_base(center, row, today) -> TrainingBase:
    slug, key, kind, status, months, introduction = row
    enterprise = _enterprise(center, key, today)
    base = TrainingBase.objects.filter(center=center, enterprise=enterprise, kind=kind).first()
    if base is None:
        base = _apply(center, enterprise, key, kind, status, months, introduction, today)
    if kind == INTERNSHIP and status == TrainingBase.Status.RECOGNIZED:
        _positions(base, POSITIONS.get(key, []), CITIES[slug], today)
    return base


def demo_base(center, key: str, today=None) -> TrainingBase:
    """The internship base of enterprise `key` in `center` (with its positions), made as
    the bases demo makes it if it does not exist yet."""
    row = next(r for r in BASES if r[0] == center.slug and r[1] == key and r[2] == INTERNSHIP)
    return _seed_base(center, row, today or timezone.localdate())


def seed_bases(stdout=None, today=None) -> None:
    """Create the demo bases and positions that do not exist yet (call inside
    system_scope())."""
    today = today or timezone.localdate()
    centers = {c.slug: c for c in ServiceCenter.objects.filter(slug__in=CITIES)}
    bases = positions = 0
    for row in BASES:
        center = centers.get(row[0])
        if center is None:
            continue
        _seed_base(center, row, today)
        bases += 1
        if row[2] == INTERNSHIP and row[3] == TrainingBase.Status.RECOGNIZED:
            positions += len(POSITIONS.get(row[1], []))
    if stdout is not None:
        stdout.write(f"Demo bases ready: {bases} base applications, {positions} positions.")


register_demo(seed_bases, order=10)
